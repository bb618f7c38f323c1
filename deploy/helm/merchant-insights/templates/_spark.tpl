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
{{- with .root.Values.spark.sparkConf }}
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
  - --jdbc-user={{ .root.Values.secrets.warehouseUser }}
  - --default-zone={{ .root.Values.services.defaultZone }}
  {{- range .arguments }}
  - {{ . }}
  {{- end }}
driver:
  cores: {{ .settings.driver.cores }}
  memory: {{ .settings.driver.memory }}
  serviceAccount: {{ .root.Values.spark.serviceAccount }}
  labels: {{- include "mi.labels" (dict "root" .root "component" .component) | nindent 4 }}
  env:
    - name: INSIGHTS_JDBC_PASSWORD
      valueFrom: {secretKeyRef: {name: {{ include "mi.secretName" .root }}, key: warehouse-password}}
    # K8ssandra's own credentials (it enables PasswordAuthenticator); the executors get them through Spark's conf.
    - name: INSIGHTS_CASSANDRA_USER
      valueFrom: {secretKeyRef: {name: {{ .root.Values.cassandra.clusterName }}-superuser, key: username}}
    - name: INSIGHTS_CASSANDRA_PASSWORD
      valueFrom: {secretKeyRef: {name: {{ .root.Values.cassandra.clusterName }}-superuser, key: password}}
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
{{- end -}}
