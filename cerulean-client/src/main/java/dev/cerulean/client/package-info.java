/** A Java client for Cerulean's REST API; errors come back as the {@link dev.cerulean.core.CeruleanException} the server raised. */
package dev.cerulean.client;
