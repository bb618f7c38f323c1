package com.merchantinsights.deploy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;
import java.util.Map;

/**
 * Evaluates NetworkPolicies' selectors the way Kubernetes does for ingress: a pod no policy selects takes traffic
 * from everyone; a selected pod takes it only from peers some rule of a selecting policy admits.
 */
record NetworkReachability(List<NetworkPolicy> policies, String namespace) {

    /** A pod that sends traffic: its labels, its namespace and that namespace's labels. */
    record Pod(Map<String, String> labels, String namespace) {
        Map<String, String> namespaceLabels() {
            return Map.of("kubernetes.io/metadata.name", namespace);
        }
    }

    boolean reachable(Map<String, String> targetLabels, Pod source) {
        List<NetworkPolicy> selecting = policies.stream()
                .filter(p -> p.getSpec().getPolicyTypes() == null
                        || p.getSpec().getPolicyTypes().contains("Ingress"))
                .filter(p -> matches(p.getSpec().getPodSelector(), targetLabels))
                .toList();
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream()
                .flatMap(p -> p.getSpec().getIngress().stream())
                .anyMatch(rule -> admits(rule, source));
    }

    private boolean admits(NetworkPolicyIngressRule rule, Pod source) {
        if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
            return true;
        }
        return rule.getFrom().stream().anyMatch(peer -> admits(peer, source));
    }

    private boolean admits(NetworkPolicyPeer peer, Pod source) {
        if (peer.getIpBlock() != null) {
            throw new IllegalStateException("ipBlock peers are not evaluated; the chart should not need them");
        }
        boolean namespaceMatches = peer.getNamespaceSelector() == null
                ? source.namespace().equals(namespace)
                : matches(peer.getNamespaceSelector(), source.namespaceLabels());
        boolean podMatches = peer.getPodSelector() == null || matches(peer.getPodSelector(), source.labels());
        return namespaceMatches && podMatches;
    }

    private static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchExpressions() != null
                && !selector.getMatchExpressions().isEmpty()) {
            throw new IllegalStateException("matchExpressions are not evaluated; the chart should not need them");
        }
        Map<String, String> wanted = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
