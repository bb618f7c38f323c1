package com.merchantinsights.reconcile;

/** The two equalities decision 0019 asks for, each per UTC hour of occurrence and merchant. */
public enum ReconciliationCheck {
    /**
     * Within Kafka's retention: distinct event identities on the events topic = raw rows + dead letters other than
     * conflicts (a conflict is a second version of a stored identity: neither a new row nor a lost event).
     */
    TOPIC_TO_STORED("topic=stored"),
    /** Always: raw rows = the count measure of the cube's totals cuboid in the 15-minute base. */
    RAW_TO_CUBE("raw=cube");

    private final String wireName;

    ReconciliationCheck(String wireName) {
        this.wireName = wireName;
    }

    /** How the output names the check. */
    public String wireName() {
        return wireName;
    }
}
