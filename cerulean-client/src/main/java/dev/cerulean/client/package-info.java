/**
 * A Java client for Cerulean's REST API. {@link dev.cerulean.client.CeruleanClient} reaches the
 * workspace's own API, {@link dev.cerulean.client.EndpointClient} online and batch endpoints,
 * {@link dev.cerulean.client.TrackingClient} MLflow's API. Every call returns a record (core's domain
 * records where the server renders one, the small records of this package where it adds to them),
 * with the server's document beside it ({@link dev.cerulean.client.Typed}); errors come back as the
 * {@link dev.cerulean.core.CeruleanException} the server raised. {@link dev.cerulean.client.Poll}
 * waits for something on the server; a search's trials come ranked, as the server's
 * {@link dev.cerulean.core.jobs.Leaderboard}.
 */
package dev.cerulean.client;
