import { parseImageRef } from '../dockerfile/image';
import type { Service } from './model';
import type { ComposeProject } from './project';

/**
 * What kind of service a definition describes, from its structure: one-shot jobs (migrations, init containers,
 * topic creation, test runners) are not long-running servers, and rules about restart policies and health
 * checks leave them alone.
 */

/** Words of a service or profile name that mark a job that runs once. */
const ONE_SHOT_WORDS = new Set([
  'migrate', 'migration', 'migrations', 'migrator', 'init', 'initdb', 'setup', 'seed', 'seeder', 'seeding', 'bootstrap',
  'provision', 'provisioner', 'install', 'installer', 'createbuckets', 'create', 'job', 'jobs', 'task', 'tasks', 'test',
  'tests', 'tester', 'testing', 'e2e', 'lint', 'linter', 'cli', 'tool', 'tools', 'toolbox', 'shell', 'build', 'builder',
  'generate', 'generator', 'codegen', 'prepare', 'importer', 'fixtures', 'oneshot', 'once', 'manual', 'run', 'sut', 'cypress', 'playwright',
]);

/** A command that does a job and exits… */
const ONE_SHOT_COMMAND =
  /(?:^|[\s"'/;&|])(?:migrate|migrations?|makemigrations|db:(?:migrate|seed|setup|create|prepare)|seed|alembic[ \t]{1,8}upgrade|prisma[ \t]{1,8}(?:migrate|db[ \t]{1,8}push)|flyway|liquibase|knex[ \t]{1,8}migrate|sequelize[ \t]{1,8}db:|create-?topics?|mc[ \t]{1,8}(?:mb|alias|admin|policy|anonymous)|npm[ \t]{1,8}(?:run[ \t]{1,8})?test|yarn[ \t]{1,8}test|pnpm[ \t]{1,8}test|pytest|go[ \t]{1,8}test|exit[ \t]{1,8}0)(?=$|[\s"';&|])/i;
/** `kafka-topics[.sh] … --create` within one command (no `;`, `&` or `|` between): checked by segment, in linear time. */
function createsKafkaTopics(cmd: string): boolean {
  return cmd.split(/[;&|]/).some((part) => /kafka-topics(?:\.sh)?\b/.test(part) && part.includes('--create'));
}

/** …unless it then starts something that keeps running. */
const LONG_COMMAND =
  /(?:runserver|\bserve\b|\bserver\b|\bstart\b|gunicorn|uvicorn|hypercorn|daphne|celery|\bexec\s|sleep\s+infinity|tail\s+-f|supervisord|--reload|\bdev\b|\bwatch\b|daemon|\blisten\b|\bworker\b|\bup\b|while\s+true)/i;

/** Images of command-line tools that run a command and exit. */
const TOOL_IMAGES =
  /^(?:flyway\/flyway|liquibase\/liquibase|migrate\/migrate|arigaio\/atlas|minio\/mc|quay\.io\/minio\/mc|curlimages\/curl|alpine\/curl|appropriate\/curl|amazon\/aws-cli|hashicorp\/terraform|bitnami\/kubectl|alpine\/git|docker|mikefarah\/yq|stedolan\/jq)$/;
/** Bare OS images: they run a shell and exit unless told to keep running. */
const OS_IMAGES = /^(?:alpine|busybox|ubuntu|debian|centos|fedora|rockylinux|almalinux|amazonlinux)$/;
const KEEPS_RUNNING = /sleep\s+(?:infinity|\d{4,})|tail\s+-f|while\s+(?:true|:)|crond|nc\s+-l|httpd|\bsh\s+-c\s+["']?trap\b/i;

function words(name: string): string[] {
  return name.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/** True when the service is a job that runs once and exits, by its structure, name, command or image. */
export function isOneShot(s: Service, project: ComposeProject): boolean {
  if (project.dependents(s.name).some((d) => d.condition === 'service_completed_successfully')) return true;
  if (words(s.name).some((w) => ONE_SHOT_WORDS.has(w))) return true;
  if (s.profiles.some((p) => words(p).some((w) => ONE_SHOT_WORDS.has(w)))) return true;
  const cmd = [s.entrypoint, s.command].filter(Boolean).join(' ');
  if (cmd && (ONE_SHOT_COMMAND.test(cmd) || createsKafkaTopics(cmd)) && !LONG_COMMAND.test(cmd)) return true;
  const image = s.image ? project.interpolate(s.image.value).value : undefined;
  if (image && !s.build) {
    const name = parseImageRef(image).name;
    if (TOOL_IMAGES.test(name)) return true;
    if (OS_IMAGES.test(name) && !KEEPS_RUNNING.test(cmd)) return true;
  }
  return false;
}

/** True when `scale: 0` or `deploy.replicas: 0` keeps the service from running at all. */
export function isDisabled(s: Service): boolean {
  return s.scale === 0 || s.deploy?.replicas === 0;
}

/**
 * What a Compose file is for, by its path: `devcontainer` (under `.devcontainer/`: the editor starts and stops
 * its containers), `test` (a name or folder that says test, CI or e2e: `docker-compose.test.yml`,
 * `e2e/compose.yaml`, `.ci/compose.yaml`), `dev` (a name that says dev, local or debug, and override files,
 * which Compose layers on the base file for development), else `production`.
 */
export function fileRole(path: string): 'devcontainer' | 'test' | 'dev' | 'production' {
  if (/(?:^|\/)\.devcontainer\//.test(path)) return 'devcontainer';
  const parts = path.split('/');
  const name = (parts.pop() ?? '').toLowerCase().split(/[^a-z0-9]+/);
  // The folder that holds the file, not folders further up (`/home/me/test/app` is not a test stack).
  const folder = (parts[parts.length - 1] ?? '').toLowerCase();
  if (name.some((w) => TEST_WORDS.has(w)) || TEST_DIRS.has(folder)) return 'test';
  if (name.some((w) => DEV_WORDS.has(w))) return 'dev';
  return 'production';
}

const TEST_WORDS = new Set(['test', 'tests', 'testing', 'ci', 'e2e']);
const TEST_DIRS = new Set(['test', 'tests', 'e2e', 'testdata', 'fixtures', '__tests__', 'integration-tests', 'ci', '.ci']);
const DEV_WORDS = new Set(['dev', 'development', 'local', 'debug', 'override']);
