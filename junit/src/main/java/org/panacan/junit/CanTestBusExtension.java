package org.panacan.junit;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.CanException;
import org.panacan.junit.CanTestBus.Kind;

/**
 * Resolves {@link CanTestBus} parameters (registered by the annotation itself). Each network is kept in the JUnit
 * store of the context that resolved it first, so JUnit closes it, buses first and interfaces second, when that
 * context ends; a later parameter naming the same network, in that context or a nested one, gets the same network.
 *
 * <p>As an {@link ExecutionCondition}, skips a test whose parameters require a kernel network ({@link Kind#VCAN},
 * {@link Kind#VXCAN}) where none can be made, with the reason, or fails it when {@code CI=true}.
 */
public final class CanTestBusExtension implements ParameterResolver, ExecutionCondition
{
    private static final Namespace NAMESPACE = Namespace.create(CanTestBusExtension.class);
    private static final Set<Class<?>> TYPES = Set.of(CanBus.class, String.class, CanTestNetwork.class);
    /** Refusals that mean "not here" rather than "broken": AUTO falls back to the virtual bus. */
    private static final Set<String> FALL_BACK_ON = Set.of("EPERM", "EACCES", "EOPNOTSUPP");
    private static final System.Logger LOGGER = System.getLogger(CanTestBusExtension.class.getName());

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(final ExtensionContext context)
    {
        final Optional<Method> method = context.getTestMethod();
        final boolean needsKernel = method.isPresent() && Arrays.stream(method.get().getParameters())
            .map(parameter -> parameter.getAnnotation(CanTestBus.class))
            .anyMatch(annotation -> annotation != null
                && (annotation.kind() == Kind.VCAN || annotation.kind() == Kind.VXCAN));
        final String missing = needsKernel ? KernelSupport.missing() : null;
        if (missing == null)
        {
            return ConditionEvaluationResult.enabled("the CAN networks it asks for can be made");
        }
        if (KernelSupport.inCi())
        {
            throw new IllegalStateException("CI=true but " + missing + ": a @CanTestBus(kind = VCAN or VXCAN) "
                + "test must run in CI");
        }
        return ConditionEvaluationResult.disabled("skipped: it needs a vcan or vxcan interface, but " + missing);
    }

    @Override
    public boolean supportsParameter(final ParameterContext parameter, final ExtensionContext context)
    {
        if (!parameter.isAnnotated(CanTestBus.class))
        {
            return false;
        }
        if (!TYPES.contains(parameter.getParameter().getType()))
        {
            throw new ParameterResolutionException("@CanTestBus parameter '" + parameter.getParameter().getName()
                + "' is a " + parameter.getParameter().getType().getName()
                + "; it injects a CanBus, a String (the interface name) or a CanTestNetwork");
        }
        return true;
    }

    @Override
    public Object resolveParameter(final ParameterContext parameter, final ExtensionContext context)
    {
        final CanTestBus annotation = parameter.findAnnotation(CanTestBus.class).orElseThrow();
        final CanTestNetwork network = network(annotation, parameter, context);
        final Class<?> type = parameter.getParameter().getType();
        if (type == CanTestNetwork.class)
        {
            return network;
        }
        if (type == String.class)
        {
            return annotation.peer() ? network.peerName() : network.name();
        }
        final BusConfig.Builder config = annotation.peer() ? network.peerBusConfig() : network.busConfig();
        try
        {
            final CanBus bus = network.open(config.fd(annotation.fd())
                .receiveOwnMessages(annotation.receiveOwnMessages()).build());
            // closed when this context ends, even when the network lives on in an enclosing one
            context.getStore(NAMESPACE).put(new Object(), bus);
            return bus;
        }
        catch (final CanException ex)
        {
            throw new ParameterResolutionException("cannot open a bus on " + network + ": " + ex.getMessage(), ex);
        }
    }

    /** The network named by {@code annotation}: the one already in the store, or a new one put there. */
    private static CanTestNetwork network(final CanTestBus annotation, final ParameterContext parameter,
        final ExtensionContext context)
    {
        final NetworkSpec spec = NetworkSpec.of(annotation, parameter.getDeclaringExecutable().getParameters());
        final StoredNetwork stored = context.getStore(NAMESPACE).computeIfAbsent("network:" + annotation.network(),
            key -> new StoredNetwork(create(spec)), StoredNetwork.class);
        final CanTestNetwork network = stored.network();
        if (!spec.accepts(network))
        {
            throw new ParameterResolutionException("@CanTestBus network '" + annotation.network() + "' is a "
                + network + " already; parameter '" + parameter.getParameter().getName() + "' asks for "
                + spec + " (give it another network name)");
        }
        return network;
    }

    private static CanTestNetwork create(final NetworkSpec spec)
    {
        try
        {
            return switch (spec.kind())
            {
                case VIRTUAL -> CanTestNetwork.virtual(spec.fd());
                case VCAN, VXCAN -> CanTestNetwork.kernel(spec.kind() == Kind.VXCAN, spec.fd());
                case AUTO -> kernelOrVirtual(spec);
            };
        }
        catch (final CanException ex)
        {
            throw new ParameterResolutionException("cannot create the " + spec + " for @CanTestBus: "
                + ex.getMessage(), ex);
        }
    }

    /** AUTO: a kernel network where one can be made, else the virtual bus. */
    private static CanTestNetwork kernelOrVirtual(final NetworkSpec spec) throws CanException
    {
        final String missing = KernelSupport.missing();
        if (missing != null)
        {
            return CanTestNetwork.virtual(spec.fd());
        }
        try
        {
            return CanTestNetwork.kernel(spec.peer(), spec.fd());
        }
        catch (final CanException refused)
        {
            if (!FALL_BACK_ON.contains(refused.errnoName()))
            {
                throw refused;
            }
            // e.g. a user namespace without a say over the network, or no vcan module: the virtual bus will do
            LOGGER.log(System.Logger.Level.INFO, "@CanTestBus uses the virtual bus: {0}", refused.getMessage());
            return CanTestNetwork.virtual(spec.fd());
        }
    }

    /**
     * What a parameter asks of its network, taking in every parameter of the same method on it: FD when any of them
     * says so, a vxcan pair (for AUTO) when any asks for the peer.
     */
    private record NetworkSpec(Kind kind, boolean fd, boolean peer)
    {
        static NetworkSpec of(final CanTestBus annotation, final Parameter[] siblings)
        {
            boolean fd = annotation.fd();
            boolean peer = annotation.peer();
            for (final Parameter sibling : siblings)
            {
                final CanTestBus other = sibling.getAnnotation(CanTestBus.class);
                if (other != null && other.network().equals(annotation.network()))
                {
                    fd |= other.fd();
                    peer |= other.peer();
                }
            }
            return new NetworkSpec(annotation.kind(), fd, peer);
        }

        /** Whether {@code network} (made for this spec or another) gives this parameter what it asks for. */
        boolean accepts(final CanTestNetwork network)
        {
            final boolean kindFits = kind == Kind.AUTO || kind == network.kind();
            return kindFits && (!fd || network.fd());
        }

        @Override
        public String toString()
        {
            return switch (kind)
            {
                case AUTO -> peer ? "vxcan pair (or virtual channel)" : "vcan (or virtual channel)";
                case VCAN -> "vcan";
                case VXCAN -> "vxcan pair";
                case VIRTUAL -> "virtual channel";
            } + (fd ? " with CAN FD" : "");
        }
    }

    /** The store's handle on a network: JUnit closes it when the context that made it ends. */
    private record StoredNetwork(CanTestNetwork network) implements AutoCloseable
    {
        @Override
        public void close() throws CanException
        {
            network.release();
        }
    }
}
