import { parseImageRef } from '../dockerfile/image';
import { sc, type YMap } from './edits';

/**
 * What Layerwise knows about well-known service images, offline: which ones hold data (databases, caches,
 * brokers: the back end of a stack), the health probe each ships the tools for, and which environment variables
 * the image also reads from a file (`POSTGRES_PASSWORD_FILE`), so a secret can move to a Compose secret.
 */
export interface KnownServiceImage {
  /** A short name for messages: `PostgreSQL`. */
  label: string;
  kind: 'database' | 'cache' | 'broker' | 'search' | 'storage';
  /** The health check test as YAML flow-list source, when the image ships a probe. */
  probe?: string;
  /** The probe's command for messages: `pg_isready`. */
  probeName?: string;
  /** Variables the image's entrypoint also reads from `<NAME>_FILE`. */
  fileVariables?: readonly string[];
}

const POSTGRES: KnownServiceImage = {
  label: 'PostgreSQL',
  kind: 'database',
  probe: '["CMD-SHELL", "pg_isready -U $${POSTGRES_USER:-postgres}"]',
  probeName: 'pg_isready',
  fileVariables: ['POSTGRES_PASSWORD', 'POSTGRES_USER', 'POSTGRES_DB', 'POSTGRES_INITDB_ARGS'],
};
const REDIS: KnownServiceImage = { label: 'Redis', kind: 'cache', probe: '["CMD", "redis-cli", "ping"]', probeName: 'redis-cli ping' };
const MYSQL: KnownServiceImage = {
  label: 'MySQL',
  kind: 'database',
  probe: '["CMD", "mysqladmin", "ping", "-h", "localhost"]',
  probeName: 'mysqladmin ping',
  fileVariables: ['MYSQL_ROOT_PASSWORD', 'MYSQL_PASSWORD', 'MYSQL_USER', 'MYSQL_DATABASE'],
};
const MARIADB: KnownServiceImage = {
  label: 'MariaDB',
  kind: 'database',
  probe: '["CMD", "healthcheck.sh", "--connect", "--innodb_initialized"]',
  probeName: 'healthcheck.sh',
  fileVariables: ['MARIADB_ROOT_PASSWORD', 'MARIADB_PASSWORD', 'MARIADB_USER', 'MARIADB_DATABASE', 'MYSQL_ROOT_PASSWORD', 'MYSQL_PASSWORD', 'MYSQL_USER', 'MYSQL_DATABASE'],
};
const MONGO: KnownServiceImage = {
  label: 'MongoDB',
  kind: 'database',
  probe: `["CMD", "mongosh", "--quiet", "--eval", "db.adminCommand('ping')"]`,
  probeName: 'mongosh ping',
  fileVariables: ['MONGO_INITDB_ROOT_USERNAME', 'MONGO_INITDB_ROOT_PASSWORD'],
};
const RABBITMQ: KnownServiceImage = { label: 'RabbitMQ', kind: 'broker', probe: '["CMD", "rabbitmq-diagnostics", "-q", "ping"]', probeName: 'rabbitmq-diagnostics ping' };
const VALKEY: KnownServiceImage = { label: 'Valkey', kind: 'cache', probe: '["CMD", "valkey-cli", "ping"]', probeName: 'valkey-cli ping' };

const BY_NAME: Record<string, KnownServiceImage> = {
  postgres: POSTGRES,
  'postgis/postgis': POSTGRES,
  'timescale/timescaledb': POSTGRES,
  'timescale/timescaledb-ha': POSTGRES,
  'pgvector/pgvector': POSTGRES,
  'ankane/pgvector': POSTGRES,
  redis: REDIS,
  'redis/redis-stack': REDIS,
  'redis/redis-stack-server': REDIS,
  'eqalpha/keydb': REDIS,
  'valkey/valkey': VALKEY,
  mysql: MYSQL,
  'mysql/mysql-server': MYSQL,
  mariadb: MARIADB,
  mongo: MONGO,
  rabbitmq: RABBITMQ,
};

/** Data services without a probe Layerwise can vouch for (their health check depends on the setup). */
const DATA_ONLY: [RegExp, KnownServiceImage['kind'], string][] = [
  [/^(?:bitnami\/)?(?:postgresql|postgresql-repmgr)$/, 'database', 'PostgreSQL'],
  [/^bitnami\/(?:mysql|mariadb|mongodb|redis|redis-cluster|valkey|rabbitmq|kafka|zookeeper|cassandra|elasticsearch|memcached|etcd)$/, 'database', 'database'],
  [/^(?:memcached|bitnami\/memcached)$/, 'cache', 'Memcached'],
  [/^(?:elasticsearch|docker\.elastic\.co\/elasticsearch\/elasticsearch|opensearchproject\/opensearch|getmeili\/meilisearch|typesense\/typesense|solr)$/, 'search', 'search engine'],
  [/^(?:cassandra|scylladb\/scylla|couchdb|couchbase|neo4j|influxdb|clickhouse\/clickhouse-server|clickhouse|yandex\/clickhouse-server|cockroachdb\/cockroach|mcr\.microsoft\.com\/mssql\/server|gvenzl\/oracle-xe|container-registry\.oracle\.com\/database\/.*|surrealdb\/surrealdb|questdb\/questdb|arangodb|rethinkdb|orientdb|qdrant\/qdrant|semitechnologies\/weaviate|chromadb\/chroma|milvusdb\/milvus)$/, 'database', 'database'],
  [/^(?:zookeeper|confluentinc\/cp-(?:kafka|zookeeper|server)|apache\/kafka(?:-native)?|wurstmeister\/(?:kafka|zookeeper)|nats|eclipse-mosquitto|redpandadata\/redpanda|docker\.redpanda\.com\/redpandadata\/redpanda|apache\/pulsar|emqx\/emqx|emqx|vernemq\/vernemq)$/, 'broker', 'message broker'],
  [/^(?:minio\/minio|quay\.io\/minio\/minio|(?:quay\.io\/coreos\/|bitnami\/)?etcd|consul|hashicorp\/consul)$/, 'storage', 'storage'],
];

/** The well-known service image a reference names (after interpolation), if any. */
export function knownServiceImage(ref: string | undefined): KnownServiceImage | undefined {
  if (!ref) return undefined;
  const name = parseImageRef(ref).name;
  const hit = BY_NAME[name];
  if (hit) return hit;
  for (const [re, kind, label] of DATA_ONLY) if (re.test(name)) return { label, kind };
  return undefined;
}

/** Images whose job is to take traffic from outside: reverse proxies and load balancers. */
export function isProxyImage(ref: string | undefined): boolean {
  if (!ref) return false;
  const name = parseImageRef(ref).name;
  return /^(?:nginx|nginxinc\/nginx-unprivileged|traefik|caddy|haproxy|httpd|envoyproxy\/envoy|kong|jwilder\/nginx-proxy|nginxproxy\/nginx-proxy|jc21\/nginx-proxy-manager|bitnami\/nginx)$/.test(name);
}

/** The `healthcheck:` mapping the fixes insert for a known image. */
export function healthcheckValue(image: KnownServiceImage): YMap | undefined {
  if (!image.probe) return undefined;
  return { map: [['test', sc(image.probe)], ['interval', sc('10s')], ['timeout', sc('5s')], ['retries', sc('5')]] };
}
