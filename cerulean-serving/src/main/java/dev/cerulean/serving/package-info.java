/**
 * Model serving: what turns a registered model into something that answers requests. {@code request}
 * reads and writes the scoring protocols (Azure ML's {@code /score}, MLflow's {@code /invocations},
 * the Open Inference Protocol) and checks inputs against the model signature; {@code runtime} holds
 * deployments (replicas, admission, timeouts, probes) and routes each request by an atomically
 * swapped routing table; {@code telemetry} counts and times requests and collects production data;
 * {@code batch} scores tables and folders of files in parallel mini-batches. Knows models and
 * frames, not HTTP servers or stores: the service layer wires it to both.
 */
package dev.cerulean.serving;
