package dev.cerulean.app;

/** Jobs on the embedded H2 database. */
class H2JobsIT extends JobsContract {
    @Override
    String dbUrl() {
        return null;
    }
}
