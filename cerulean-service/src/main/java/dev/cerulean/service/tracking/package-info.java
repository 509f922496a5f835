/** Experiment tracking and the model registry, with MLflow's rules and limits. */
package dev.cerulean.service.tracking;
