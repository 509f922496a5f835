/** The lineage graph service. */
package dev.cerulean.service.lineage;
