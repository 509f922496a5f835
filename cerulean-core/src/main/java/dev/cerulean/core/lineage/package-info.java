/** The lineage graph: data asset versions, job runs, model versions and deployments, and the edges between them. */
package dev.cerulean.core.lineage;
