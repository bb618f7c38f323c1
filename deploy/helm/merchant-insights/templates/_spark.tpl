{{/* The part of a SparkApplication spec both jobs share: image, Spark version, labels, secrets as environment. */}}
{{- define "mi.sparkSpec" -}}
type: Java
mode: cluster
image: {{ include "mi.image" (dict "root" .root "image" .root.Values.images.sparkJobs) }}
imagePullPolicy: {{ .root.Values.images.pullPolicy }}
mainClass: {{ .mainClass }}
mainApplicationFile: local:///opt/spark/jars/merchant-insights-spark-jobs.jar
sparkVersion: "3.5.4"
restartPolicy: {{ toYaml .restartPolicy | nindent 2 }}
{{- $conf := deepCopy (.root.Values.spark.sparkConf | default dict) -}}
{{- with .root.Values.spark.objectStore }}
{{- if .webIdentity }}
{{- /* S3A's default credential chain (Hadoop 3.3.4) has no web identity: workload identity needs it named. */ -}}
{{- $_ := set $conf "spark.hadoop.fs.s3a.aws.credentials.provider" "com.amazonaws.auth.WebIdentityTokenCredentialsProvider" -}}
{{- end }}
{{- with .endpoint }}
{{- $_ := set $conf "spark.hadoop.fs.s3a.endpoint" . -}}
{{- $_ := set $conf "spark.hadoop.fs.s3a.path.style.access" "true" -}}
{{- end }}
{{- end }}
{{- with $conf }}
# The operator's sparkConf is a map of strings: every value is quoted, "true" included.
sparkConf:
  {{- range $key, $value := . }}
  {{ $key | quote }}: {{ $value | toString | quote }}
  {{- end }}
{{- end }}
arguments:
  - --kafka-bootstrap={{ include "mi.kafkaBootstrap" .root }}
  - --cassandra-host={{ .root.Values.cassandra.clusterName }}-{{ .root.Values.cassandra.datacenter }}-service
  - --cassandra-dc={{ .root.Values.cassandra.datacenter }}
  - --jdbc-url={{ include "mi.jdbcUrl" (dict "root" .root "host" (include "mi.warehouseHost" .root)) }}
  - --jdbc-user={{ .root.Values.postgresql.owner }}
  - --default-zone={{ .root.Values.services.defaultZone }}
  {{- range .arguments }}
  - {{ . }}
  {{- end }}
driver:
  cores: {{ .settings.driver.cores }}
  memory: {{ .settings.driver.memory }}
  serviceAccount: {{ .root.Values.spark.serviceAccount }}
  labels: {{- include "mi.labels" (dict "root" .root "component" .component) | nindent 4 }}
  {{- with .driverAnnotations }}
  annotations: {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .driverPorts }}
  ports: {{- toYaml . | nindent 4 }}
  {{- end }}
  env:
    # The owner's login that CloudNativePG wrote (its username is postgresql.owner).
    - name: INSIGHTS_JDBC_PASSWORD
      valueFrom: {secretKeyRef: {name: {{ .root.Values.postgresql.clusterName }}-app, key: password}}
    # The application role the schema Job made (K8ssandra enables PasswordAuthenticator and CassandraAuthorizer); the
    # executors get it through Spark's conf.
    - name: INSIGHTS_CASSANDRA_USER
      value: {{ .root.Values.cassandra.appRole | quote }}
    - name: INSIGHTS_CASSANDRA_PASSWORD
      valueFrom: {secretKeyRef: {name: {{ include "mi.secretName" .root }}, key: cassandra-app-password}}
    {{- with .kafkaUser }}
    {{- include "mi.kafkaLoginEnv" (dict "root" $.root "user" .) | nindent 4 }}
    {{- end }}
    {{- include "mi.objectStoreEnv" .root | nindent 4 }}
  {{- with .driverVolumeMounts }}
  volumeMounts: {{- toYaml . | nindent 4 }}
  {{- end }}
{{- with .volumes }}
volumes: {{- toYaml . | nindent 2 }}
{{- end }}
executor:
  instances: {{ .settings.executor.instances }}
  cores: {{ .settings.executor.cores }}
  memory: {{ .settings.executor.memory }}
  labels: {{- include "mi.labels" (dict "root" .root "component" .component) | nindent 4 }}
  {{- $executorEnv := include "mi.objectStoreEnv" .root -}}
  {{- with .kafkaUser }}
  {{- $executorEnv = printf "%s\n%s" (include "mi.kafkaLoginEnv" (dict "root" $.root "user" .)) $executorEnv -}}
  {{- end }}
  {{- with $executorEnv }}
  # The executors read and write the archive and the feed, and write dead letters to Kafka.
  env: {{- . | trim | nindent 4 }}
  {{- end }}
{{- end -}}

{{/* The object store's keys from a Secret (S3A's EnvironmentVariableCredentialsProvider), when one is named. */}}
{{- define "mi.objectStoreEnv" -}}
{{- with .Values.spark.objectStore.credentialsSecret -}}
- name: AWS_ACCESS_KEY_ID
  valueFrom: {secretKeyRef: {name: {{ . }}, key: access-key-id}}
- name: AWS_SECRET_ACCESS_KEY
  valueFrom: {secretKeyRef: {name: {{ . }}, key: secret-access-key}}
{{- end -}}
{{- end -}}
