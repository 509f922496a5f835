/**
 * The HTTP layer: routing, (de)serialisation and status codes. Handlers parse the request, call one
 * service method and render the result; business rules live in the services.
 */
package dev.cerulean.server;
