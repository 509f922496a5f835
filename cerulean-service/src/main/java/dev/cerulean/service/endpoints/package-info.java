/**
 * Online and batch endpoints as use cases: creating endpoints and deployments from Azure ML specs,
 * traffic and mirror changes, keys, deletion with draining, scoring through the serving runtime,
 * batch invocations run asynchronously with their job records, and the restoration of all of it
 * when a workspace opens. Every change is audited and committed before the runtime follows it.
 */
package dev.cerulean.service.endpoints;
