package org.panacan.isotp;

/** ISO 15765-2 target address type (N_TAtype). */
public enum TargetAddressType
{
    /** One to one: any PDU length, segmented with flow control. */
    PHYSICAL,
    /** One to many: single frames only, on the functional identifier where the addressing format has one. */
    FUNCTIONAL
}
