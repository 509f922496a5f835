/**
 * The engine's ports: what executors need from the rest of the workspace (runs, assets, child
 * jobs), as narrow interfaces the services implement. The engine never sees a store.
 */
package dev.cerulean.engine.port;
