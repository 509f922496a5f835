package dev.cerulean.app;

/** The REST API on the embedded H2 database. */
class H2WorkspaceApiIT extends WorkspaceApiContract {
    @Override
    String dbUrl() {
        return null;
    }
}
