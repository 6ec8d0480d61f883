package org.panacan.isotp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.panacan.BusConfig;

/** AUTO falls back to pure Java where the kernel cannot serve, and says why; KERNEL refuses instead. */
class BackendChoiceTest
{
    private static final IsoTpAddress ADDRESS = IsoTpAddress.normal11(0x7E0, 0x7E8);

    @Test
    void virtualBusGetsTheJavaBackend() throws Exception
    {
        try (IsoTpChannel channel = IsoTpChannel.open(BusConfig.virtual("choice").build(), ADDRESS,
            IsoTpParams.defaults()))
        {
            assertEquals(IsoTpBackend.JAVA, channel.backend());
            assertTrue(channel.backendReason().contains("virtual"), channel.backendReason());
        }
    }

    @Test
    void kernelBackendOnAVirtualBusIsRefused()
    {
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> IsoTpChannel.open(BusConfig.virtual("choice").build(), ADDRESS,
                IsoTpParams.builder().backend(IsoTpBackend.KERNEL).build()));
        assertTrue(refused.getMessage().contains("kernel"), refused.getMessage());
    }

    @Test
    void anyInterfaceIsRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> IsoTpChannel.open(
            BusConfig.socketCan(BusConfig.ANY_INTERFACE).build(), ADDRESS,
            IsoTpParams.builder().backend(IsoTpBackend.JAVA).build()));
    }
}
