/** Data assets and datastores: registration, resolution of locations, files, schemas and profiles. */
package dev.cerulean.service.data;
