/**
 * Use cases. Every mutation goes through here with the caller's {@link dev.cerulean.core.Principal},
 * is validated here, and is recorded in the audit log by {@link dev.cerulean.service.Auditor}.
 * Handlers in the server call one service method each; no SQL and no file access lives above this layer.
 */
package dev.cerulean.service;
