package io.kcprovisioning.outbound;

/**
 * The server's outbound options, read once at start-up by {@link TargetComponentFactory} (options
 * {@code --spi-provisioning-outbound-target--provisioning-scim-target--<name>}).
 *
 * @param urls                 which target URLs may be called
 * @param tickSeconds          seconds between the periodic delivery ticks (the safety net behind the kick after
 *                             commit); 0 turns the tick off
 * @param leaseSeconds         how long a claimed change stays claimed before the reaper hands it back
 * @param timeoutSeconds       connect and read timeout of one HTTP call to a target
 * @param workers              delivery threads per node
 * @param circuitAfter         failed attempts in a row after which a target is paused (its circuit opened); 0: never
 * @param retentionDays        days a delivered change's row is kept before the delivery tick purges it
 */
public record OutboundOptions(TargetUrls.Rules urls, long tickSeconds, long leaseSeconds, int timeoutSeconds,
        int workers, int circuitAfter, int retentionDays) {

    public static final OutboundOptions DEFAULTS = new OutboundOptions(TargetUrls.Rules.STRICT, 15, 120, 10, 4, 20,
            7);

    private static volatile OutboundOptions current = DEFAULTS;

    public static OutboundOptions current() {
        return current;
    }

    static void set(OutboundOptions options) {
        current = options;
    }
}
