package dev.cerulean.serving.runtime;

import dev.cerulean.serving.ServedModel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica's model with a count of its users, so that a replaced or retired model is closed (its
 * native memory freed) only once no request is scoring with it, even one whose caller has timed out.
 */
final class ModelLease {
    private static final Logger LOG = LoggerFactory.getLogger(ModelLease.class);

    private final ServedModel served;
    private final AtomicInteger users = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean retired;

    ModelLease(ServedModel served) {
        this.served = served;
    }

    ServedModel served() {
        return served;
    }

    /** Takes a use of the model; false once it is retired (the caller reads the replica's current lease again). */
    boolean tryAcquire() {
        users.incrementAndGet();
        if (retired) {
            release();
            return false;
        }
        return true;
    }

    void release() {
        if (users.decrementAndGet() == 0 && retired) {
            closeOnce();
        }
    }

    /** No new uses; closes the model now or when its last user releases it. */
    void retire() {
        retired = true;
        if (users.get() == 0) {
            closeOnce();
        }
    }

    private void closeOnce() {
        if (closed.compareAndSet(false, true) && served.model() instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing model {}:{} of {}/{} failed", served.modelName(), served.modelVersion(), served.endpoint(),
                        served.deployment(), e);
            }
        }
    }

    boolean isClosed() {
        return closed.get();
    }
}
