/**
 * The scoring protocols: reading a request into rows of plain values ({@link dev.cerulean.serving.request.ScoringInput}),
 * checking them against the model signature ({@link dev.cerulean.serving.request.InputBinder}), and writing
 * predictions back. Every malformed or mismatched input is a 4xx {@link dev.cerulean.core.CeruleanException}
 * naming the field, column, row or limit; nothing here does I/O.
 */
package dev.cerulean.serving.request;
