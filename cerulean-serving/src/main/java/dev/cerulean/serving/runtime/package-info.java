/**
 * The online endpoint runtime. A {@link dev.cerulean.serving.runtime.ServingRuntime} holds endpoints;
 * each routes requests by an immutable routing table (deployments, live traffic weights, a mirror)
 * that administrative changes replace atomically, so a change never drops a request in flight. A
 * deployment runs {@code instance_count} replicas (loaded copies of its model) behind a bounded
 * worker pool: at most {@code max_concurrent_requests_per_instance × instance_count} requests score at
 * once, the rest wait in a bounded queue at most {@code max_queue_wait_ms} (then 429), and every
 * request answers within {@code request_timeout_ms} (else 408). Readiness and liveness probes score
 * the model's input example; a replica that keeps failing liveness is reloaded. A deleted deployment
 * leaves the table first, then drains its queue before its models are closed.
 */
package dev.cerulean.serving.runtime;
