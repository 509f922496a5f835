/**
 * Experiment tracking and the model registry, in MLflow's terms: experiments, runs with metrics,
 * params, tags and dataset inputs, registered models and their versions, and the search grammar
 * MLflow clients send.
 */
package dev.cerulean.core.tracking;
