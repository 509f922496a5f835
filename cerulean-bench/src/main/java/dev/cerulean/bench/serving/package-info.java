/**
 * The serving benchmark: an online endpoint with a LightGBM model of Adult, loaded from a separate
 * process on loopback (open-loop at a fixed rate, and closed-loop at saturation) against the same
 * server's constant-answer route, and the batch scoring runner against the library's own batch
 * prediction.
 */
package dev.cerulean.bench.serving;
