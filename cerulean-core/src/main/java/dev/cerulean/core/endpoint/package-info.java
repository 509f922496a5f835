/**
 * Online and batch endpoints as Azure ML defines them: endpoints, their deployments of registered
 * model versions, the request, probe and data-collection settings of online deployments, the
 * settings of batch deployments and the record of a batch scoring job. Immutable records, validated
 * in their constructors; the spec layer ({@code core.spec.EndpointSchemas}) checks the YAML they come from.
 */
package dev.cerulean.core.endpoint;
