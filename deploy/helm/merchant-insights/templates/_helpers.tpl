{{/* Labels every object of ours carries; NetworkPolicies select "our workloads" by part-of. */}}
{{- define "mi.labels" -}}
app.kubernetes.io/part-of: merchant-insights
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ .root.Chart.Name }}-{{ .root.Chart.Version }}
{{- end -}}

{{- define "mi.selector" -}}
app.kubernetes.io/part-of: merchant-insights
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "mi.fullname" -}}
{{ .root.Release.Name }}-{{ .component }}
{{- end -}}

{{- define "mi.image" -}}
{{ .root.Values.images.registry }}/{{ .image }}:{{ .root.Values.images.tag }}
{{- end -}}

{{- define "mi.secretName" -}}
{{ .Values.secrets.name }}
{{- end -}}

{{- define "mi.warehouseHost" -}}
{{ .Values.postgresql.clusterName }}-rw
{{- end -}}

{{- define "mi.jdbcUrl" -}}
jdbc:postgresql://{{ .host }}:5432/{{ .root.Values.postgresql.database }}
{{- with .root.Values.postgresql.jdbcParameters }}?{{ . }}{{ end }}
{{- end -}}

{{- define "mi.kafkaBootstrap" -}}
{{ .Values.kafka.name }}-kafka-bootstrap:9092
{{- end -}}

{{/* terminationGracePeriodSeconds: preStop + the service's drain + its 20 s graceful stop + 5 s margin. */}}
{{- define "mi.terminationGrace" -}}
{{ add .Values.services.preStopSeconds .Values.services.drainSeconds 20 5 }}
{{- end -}}

{{/* The gateway alone holds the identity signing key; the backends hold its public keys (decision 0038). */}}
{{- define "mi.signingKeyEnv" -}}
- name: INSIGHTS_IDENTITY_SIGNING_KEY
  valueFrom: {secretKeyRef: {name: {{ include "mi.secretName" . }}, key: identity-signing-key}}
{{- end -}}

{{- define "mi.verificationKeysEnv" -}}
- name: INSIGHTS_IDENTITY_VERIFICATION_KEYS
  valueFrom: {secretKeyRef: {name: {{ include "mi.secretName" . }}, key: identity-verification-keys}}
{{- end -}}

{{/*
The services' Secret's data as the cluster holds it, as JSON: {} where there is none yet, or no cluster to ask (helm
template). The one lookup of the chart, so that the pseudonym key is kept on upgrade (templates/secrets.yaml).
*/}}
{{- define "mi.servicesSecretData" -}}
{{- $secret := lookup "v1" "Secret" .Release.Namespace (include "mi.secretName" .) -}}
{{- if $secret -}}
{{- toJson ($secret.data | default dict) -}}
{{- else -}}
{}
{{- end -}}
{{- end -}}

{{/*
The pseudonym key (issue 23, decision 0053), for the events API (which pseudonymises with it) and the operations service
(which finds a person with it, and with the retired keys: retired true) only; nothing when privacy.pseudonymize is off.
*/}}
{{- define "mi.pseudonymEnv" -}}
{{- if .root.Values.privacy.pseudonymize -}}
- name: INSIGHTS_PSEUDONYM_KEY
  valueFrom: {secretKeyRef: {name: {{ include "mi.secretName" .root }}, key: identity-pseudonym-key}}
{{- if .retired }}
- name: INSIGHTS_PSEUDONYM_RETIRED_KEYS
  valueFrom: {secretKeyRef: {name: {{ include "mi.secretName" .root }}, key: identity-pseudonym-retired-keys, optional: true}}
{{- end }}
{{- end -}}
{{- end -}}

{{- define "mi.warehouseEnv" -}}
- name: INSIGHTS_JDBC_URL
  value: {{ include "mi.jdbcUrl" (dict "root" .root "host" .host) | quote }}
- name: INSIGHTS_JDBC_USER
  valueFrom: {secretKeyRef: {name: {{ .root.Values.postgresql.clusterName }}-app, key: username}}
- name: INSIGHTS_JDBC_PASSWORD
  valueFrom: {secretKeyRef: {name: {{ .root.Values.postgresql.clusterName }}-app, key: password}}
{{- end -}}

{{/*
One HTTP service: Deployment (probes on /health/live and /health/ready, resources, maxUnavailable 0 rolling update,
preStop + graceful stop, topology spread), Service, PodDisruptionBudget, HorizontalPodAutoscaler.
Arguments: root, component, image, settings (the component's values), env (rendered env list).
*/}}
{{- define "mi.httpService" -}}
{{- $ctx := dict "root" .root "component" .component -}}
{{- $scheme := ternary "HTTPS" "HTTP" (not (empty .tlsSecret)) -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "mi.fullname" $ctx }}
  labels: {{- include "mi.labels" $ctx | nindent 4 }}
spec:
  replicas: {{ .settings.replicas }}
  revisionHistoryLimit: 5
  selector:
    matchLabels: {{- include "mi.selector" $ctx | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxUnavailable: 0, maxSurge: 1}
  template:
    metadata:
      labels: {{- include "mi.labels" $ctx | nindent 8 }}
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "8080"
        prometheus.io/path: /metrics
    spec:
      {{- with .serviceAccount }}
      serviceAccountName: {{ . }}
      {{- else }}
      # No Kubernetes API for this service: no token in its pods.
      automountServiceAccountToken: false
      {{- end }}
      terminationGracePeriodSeconds: {{ include "mi.terminationGrace" .root }}
      securityContext: {runAsNonRoot: true, runAsUser: 65532, fsGroup: 65532}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels: {{- include "mi.selector" $ctx | nindent 14 }}
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: DoNotSchedule
          labelSelector:
            matchLabels: {{- include "mi.selector" $ctx | nindent 14 }}
      containers:
        - name: {{ .component }}
          image: {{ include "mi.image" (dict "root" .root "image" .image) }}
          imagePullPolicy: {{ .root.Values.images.pullPolicy }}
          ports:
            - {name: http, containerPort: 8080}
          env:
            - {name: INSIGHTS_HTTP_PORT, value: "8080"}
            - {name: INSIGHTS_DRAIN_DELAY, value: "PT{{ .root.Values.services.drainSeconds }}S"}
            - {name: JAVA_TOOL_OPTIONS, value: {{ .settings.jvmOptions | quote }}}
            {{- .env | nindent 12 }}
          resources: {{- toYaml .settings.resources | nindent 12 }}
          startupProbe:
            httpGet: {path: /health/live, port: http, scheme: {{ $scheme }}}
            periodSeconds: 2
            failureThreshold: 60
          livenessProbe:
            httpGet: {path: /health/live, port: http, scheme: {{ $scheme }}}
            periodSeconds: 10
            timeoutSeconds: 2
            failureThreshold: 3
          # Two missed probes in a row take the pod out (one slow answer does not); a drain is seen within 4 s,
          # inside drainSeconds.
          readinessProbe:
            httpGet: {path: /health/ready, port: http, scheme: {{ $scheme }}}
            periodSeconds: 2
            timeoutSeconds: 2
            failureThreshold: 2
          lifecycle:
            preStop:
              sleep: {seconds: {{ .root.Values.services.preStopSeconds }}}
          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
          volumeMounts:
            - {name: tmp, mountPath: /tmp}
            {{- with .tlsSecret }}
            - {name: tls, mountPath: /etc/merchant-insights/tls, readOnly: true}
            {{- end }}
            {{- with .volumeMounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
      volumes:
        - {name: tmp, emptyDir: {}}
        {{- with .tlsSecret }}
        - {name: tls, secret: {secretName: {{ . }}, defaultMode: 0400}}
        {{- end }}
        {{- with .volumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ include "mi.fullname" $ctx }}
  labels: {{- include "mi.labels" $ctx | nindent 4 }}
spec:
  type: {{ dig "service" "type" "ClusterIP" .settings }}
  selector: {{- include "mi.selector" $ctx | nindent 4 }}
  ports:
    - {name: http, port: {{ dig "service" "port" 8080 .settings }}, targetPort: http}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "mi.fullname" $ctx }}
  labels: {{- include "mi.labels" $ctx | nindent 4 }}
spec:
  maxUnavailable: {{ .settings.maxUnavailable }}
  selector:
    matchLabels: {{- include "mi.selector" $ctx | nindent 6 }}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "mi.fullname" $ctx }}
  labels: {{- include "mi.labels" $ctx | nindent 4 }}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: {{ include "mi.fullname" $ctx }}}
  minReplicas: {{ .settings.autoscaling.minReplicas }}
  maxReplicas: {{ .settings.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target: {type: Utilization, averageUtilization: {{ .settings.autoscaling.targetCPUUtilizationPercentage }}}
  behavior:
    scaleDown: {stabilizationWindowSeconds: 300}
{{- end -}}

{{/* A workload's Kafka login: the sasl.jaas.config Strimzi's User Operator writes for its KafkaUser (decision 0049). */}}
{{- define "mi.kafkaLoginEnv" -}}
- name: INSIGHTS_KAFKA_SASL_JAAS_CONFIG
  valueFrom: {secretKeyRef: {name: {{ .root.Values.kafka.name }}-{{ .user }}, key: sasl.jaas.config}}
{{- end -}}
