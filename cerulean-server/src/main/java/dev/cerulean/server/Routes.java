package dev.cerulean.server;

import io.javalin.Javalin;

/** A group of routes, registered on the app at start-up. */
@FunctionalInterface
public interface Routes {
    void register(Javalin app);
}
