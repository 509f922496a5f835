/** The audit log of mutating requests. */
package dev.cerulean.core.audit;
