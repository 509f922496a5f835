/**
 * What serving tells about itself: request counts, errors by status and latency histograms per
 * endpoint and deployment (Micrometer, scraped as Prometheus text at {@code /metrics}), a bounded
 * log per deployment, and the data collector that samples production inputs and outputs into
 * files registered as data asset versions.
 */
package dev.cerulean.serving.telemetry;
