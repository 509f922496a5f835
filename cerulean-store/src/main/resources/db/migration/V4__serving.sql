-- Online and batch endpoints, their deployments, and batch scoring jobs. Portable SQL (H2 and PostgreSQL).
-- Times are epoch milliseconds; JSON documents are VARCHAR without a length.

CREATE TABLE online_endpoints (
    name           VARCHAR(255) PRIMARY KEY,
    auth_mode      VARCHAR(32)  NOT NULL,
    description    VARCHAR      NOT NULL,
    tags           VARCHAR      NOT NULL,
    traffic        VARCHAR      NOT NULL,
    mirror_traffic VARCHAR      NOT NULL,
    primary_key    VARCHAR(128) NOT NULL,
    secondary_key  VARCHAR(128) NOT NULL,
    created_at     BIGINT       NOT NULL,
    created_by     VARCHAR(255) NOT NULL,
    updated_at     BIGINT       NOT NULL
);

-- settings: request settings, probes, environment variables and data collector, as JSON.
CREATE TABLE online_deployments (
    endpoint_name  VARCHAR(255) NOT NULL,
    name           VARCHAR(255) NOT NULL,
    description    VARCHAR      NOT NULL,
    tags           VARCHAR      NOT NULL,
    model_name     VARCHAR(255) NOT NULL,
    model_version  INTEGER      NOT NULL,
    instance_count INTEGER      NOT NULL,
    settings       VARCHAR      NOT NULL,
    created_at     BIGINT       NOT NULL,
    created_by     VARCHAR(255) NOT NULL,
    PRIMARY KEY (endpoint_name, name),
    FOREIGN KEY (endpoint_name) REFERENCES online_endpoints (name)
);

CREATE TABLE batch_endpoints (
    name               VARCHAR(255) PRIMARY KEY,
    auth_mode          VARCHAR(32)  NOT NULL,
    description        VARCHAR      NOT NULL,
    tags               VARCHAR      NOT NULL,
    default_deployment VARCHAR(255),
    created_at         BIGINT       NOT NULL,
    created_by         VARCHAR(255) NOT NULL,
    updated_at         BIGINT       NOT NULL
);

CREATE TABLE batch_deployments (
    endpoint_name  VARCHAR(255)  NOT NULL,
    name           VARCHAR(255)  NOT NULL,
    description    VARCHAR       NOT NULL,
    tags           VARCHAR       NOT NULL,
    model_name     VARCHAR(255)  NOT NULL,
    model_version  INTEGER       NOT NULL,
    compute        VARCHAR(1024),
    instance_count INTEGER       NOT NULL,
    settings       VARCHAR       NOT NULL,
    created_at     BIGINT        NOT NULL,
    created_by     VARCHAR(255)  NOT NULL,
    PRIMARY KEY (endpoint_name, name),
    FOREIGN KEY (endpoint_name) REFERENCES batch_endpoints (name)
);

-- Jobs outlive their endpoint (no foreign key): they are history.
CREATE TABLE batch_jobs (
    id                VARCHAR(64)   PRIMARY KEY,
    endpoint_name     VARCHAR(255)  NOT NULL,
    deployment_name   VARCHAR(255)  NOT NULL,
    input             VARCHAR(600)  NOT NULL,
    output_name       VARCHAR(255)  NOT NULL,
    status            VARCHAR(16)   NOT NULL,
    rows_in           BIGINT        NOT NULL,
    rows_scored       BIGINT        NOT NULL,
    rows_failed       BIGINT        NOT NULL,
    mini_batches      INTEGER       NOT NULL,
    mini_batches_done INTEGER       NOT NULL,
    retries           INTEGER       NOT NULL,
    output            VARCHAR(600),
    error             VARCHAR(4000),
    created_at        BIGINT        NOT NULL,
    created_by        VARCHAR(255)  NOT NULL,
    started_at        BIGINT,
    finished_at       BIGINT
);
CREATE INDEX batch_jobs_endpoint ON batch_jobs (endpoint_name, created_at);
CREATE INDEX batch_jobs_status ON batch_jobs (status);
