package org.panacan.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Injects a ready CAN bus into a test (or lifecycle) method parameter: a fresh vcan interface, a vxcan pair or the
 * in-process virtual bus, created for the test and removed after it. Registers {@link CanTestBusExtension} itself.
 *
 * <pre>{@code
 * @Test
 * void echoesTheRequest(@CanTestBus CanBus tester, @CanTestBus CanBus device) throws CanException
 * {
 *     tester.send(CanFrame.of(0x7DF, (byte)0x02, (byte)0x01, (byte)0x0D));
 *     assertNotNull(device.recv(Duration.ofSeconds(1)));
 * }
 * }</pre>
 *
 * <h2>What a parameter receives</h2>
 * <ul>
 * <li>{@link org.panacan.CanBus}: a bus opened on the network (CAN FD frames on when {@link #fd()}), closed after the
 * test;</li>
 * <li>{@link String}: the interface name (the virtual channel name on the virtual bus), e.g. for code under test that
 * opens its own bus;</li>
 * <li>{@link CanTestNetwork}: the network itself: its kind, names, and more buses.</li>
 * </ul>
 *
 * <h2>Networks</h2>
 * Parameters naming the same {@link #network()} share one network: by default every {@code @CanTestBus} of a test
 * is on the same bus and sees the others' frames. The network is created for the first such parameter, with
 * CAN FD when any parameter of that method on it says {@link #fd()}, and lives as long as the context that resolved
 * it: a test method, or the test class for a {@code @BeforeAll} parameter (test methods naming it then share it).
 *
 * <h2>Kinds</h2>
 * Creating interfaces needs SocketCAN in the kernel and {@code CAP_NET_ADMIN}; they are made through rtnetlink
 * ({@link org.panacan.netlink.CanInterfaces}) with unique names starting with {@code pct}, and deleted after the test.
 * See {@link Kind} for what happens without them.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(CanTestBusExtension.class)
public @interface CanTestBus
{
    /** What kind of network to create. */
    Kind kind() default Kind.AUTO;

    /** CAN FD: the network carries FD frames (MTU 72) and an injected bus sends and receives them. */
    boolean fd() default false;

    /** Parameters naming the same network share it; different names get separate, isolated networks. */
    String network() default "";

    /**
     * This parameter is the other end of a vxcan pair (its bus or interface name). With {@link Kind#AUTO}, asking
     * for a peer makes the network a vxcan pair. On a network without two ends, the peer is the network itself.
     */
    boolean peer() default false;

    /** An injected bus receives its own frames ({@code CAN_RAW_RECV_OWN_MSGS}). */
    boolean receiveOwnMessages() default false;

    /** The kind of network behind a {@link CanTestBus}. */
    enum Kind
    {
        /**
         * A vcan interface (a vxcan pair when a parameter asks for the {@link CanTestBus#peer() peer}) where the kernel
         * allows it, the virtual bus otherwise: the test always runs.
         */
        AUTO,
        /**
         * A vcan interface, or no test: without SocketCAN or {@code CAP_NET_ADMIN} the test is skipped with the
         * reason, and fails when the environment variable {@code CI} is {@code true}.
         */
        VCAN,
        /** A vxcan pair, or no test (as for {@link #VCAN}). */
        VXCAN,
        /** The in-process virtual bus ({@link org.panacan.BusConfig#virtual}), whatever the kernel offers. */
        VIRTUAL
    }
}
