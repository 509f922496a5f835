package dev.cerulean.cli;

import dev.cerulean.client.CeruleanClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that talks to a workspace. Subclasses implement {@link #run(CeruleanClient, Output)}. */
public abstract class ClientCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    /** The session of the running command (set before {@link #run} is called). */
    protected Session session;

    protected CeruleanCommand root() {
        return (CeruleanCommand) spec.root().userObject();
    }

    protected Output output() {
        return new Output(System.out, System.err, root().output, dev.cerulean.core.ApiJson.create());
    }

    @Override
    public Integer call() throws Exception {
        try (Session s = Session.open(root())) {
            this.session = s;
            return run(s.client(), output());
        }
    }

    /** @return the exit code */
    protected abstract int run(CeruleanClient client, Output out) throws Exception;
}
