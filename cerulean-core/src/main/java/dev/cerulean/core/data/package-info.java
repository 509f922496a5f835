/** Data assets and datastores. */
package dev.cerulean.core.data;
