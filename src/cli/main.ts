import { Command, CommanderError, Option } from 'commander';
import { CLI_FORMATS } from './report-output';
import { CliError, EXIT } from './exit-codes';
import { collectExtraVars, collectList } from './options';

// Each command's module is required when it runs, not imported here: `relia --help` loads
// commander alone and starts in well under the 300 ms budget.
const load = {
  lint: () => require('./commands/lint') as typeof import('./commands/lint'),
  test: () => require('./commands/test') as typeof import('./commands/test'),
  tasks: () => require('./commands/tasks') as typeof import('./commands/tasks'),
  login: () => require('./commands/login') as typeof import('./commands/login'),
};

const PROFILES = ['min', 'basic', 'moderate', 'safety', 'shared', 'production'];

const formatOption = (): Option =>
  new Option('-f, --format <format>', 'report format (text is pep8 for lint, a task list for test)').choices(CLI_FORMATS).default('text');
const outputOption = (): Option => new Option('-o, --output <file>', 'write the report to a file instead of stdout');

function program(): Command {
  const cli = new Command('relia')
    .description('Lint and test Ansible projects on a Relia service, from a terminal or CI')
    .option('--url <url>', 'the Relia service (default: $RELIA_URL)')
    .option('-q, --quiet', 'plain progress lines, no progress bar')
    // --url and --quiet work after a subcommand too; its --help says so.
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError()
    .exitOverride();

  cli.command('lint')
    .description('pack this project (respecting .gitignore and exclude_paths), upload it as a new revision and lint it')
    .argument('[paths...]', 'report only on these files or folders')
    .option('--project <name>', 'project name (default: the directory name)')
    .option('--project-dir <dir>', 'the project root', '.')
    .addOption(new Option('--profile <profile>', 'ansible-lint profile').choices(PROFILES))
    .option('-x, --skip-list <rules>', 'rules to skip (comma-separated, repeatable)', collectList, [])
    .option('-w, --warn-list <rules>', 'rules that only warn (comma-separated, repeatable)', collectList, [])
    .option('--strict', 'warnings fail too (exit 2)')
    .addOption(new Option('--engine <engine>', 'lint engine').choices(['builtin', 'ansible-lint']))
    .addOption(formatOption())
    .addOption(outputOption())
    .action(async (paths: string[], _o, cmd: Command) => exit(await load.lint().lintCommand(paths, cmd.optsWithGlobals())));

  cli.command('test')
    .description('pack and upload this project, then run PLAYBOOK of it (check mode by default)')
    .argument('<playbook>', 'the playbook, relative to the project root')
    .option('--check', 'run with --check --diff (the default)', true)
    .option('--no-check', 'a real run (still in the sandbox)')
    .option('-e, --extra-vars <VAR=VALUE>', 'extra variables (VAR=VALUE or JSON, repeatable)', collectExtraVars, {})
    .option('--tags <tags>', 'only these tags (comma-separated)', collectList, [])
    .option('--skip-tags <tags>', 'skip these tags (comma-separated)', collectList, [])
    .option('--limit <pattern>', 'limit the hosts')
    .option('--project <name>', 'project name (default: the directory name)')
    .option('--project-dir <dir>', 'the project root', '.')
    .addOption(formatOption())
    .addOption(outputOption())
    .action(async (playbook: string, _o, cmd: Command) => exit(await load.test().testCommand(playbook, cmd.optsWithGlobals())));

  const tasks = cli.command('tasks')
    .description('your tasks, newest first')
    .addOption(new Option('--status <status>', 'only these').choices(['pending', 'running', 'completed', 'failed', 'canceled']))
    .option('--type <type>', 'only this type (lint, test)')
    .option('--limit <n>', 'how many', '20')
    .action(async (_o, cmd: Command) => exit(await load.tasks().listTasks(cmd.optsWithGlobals())));
  tasks.command('show')
    .description('a task; with -f, its result in that format')
    .argument('<id>', 'task id')
    .addOption(new Option('-f, --format <format>', 'print the result in this format').choices(CLI_FORMATS))
    .addOption(outputOption())
    .action(async (id: string, _o, cmd: Command) => exit(await load.tasks().showTask(id, cmd.optsWithGlobals())));

  cli.command('watch')
    .description('follow a task that already runs, then report it')
    .argument('<id>', 'task id')
    .option('--strict', 'lint warnings fail too (exit 2)')
    .addOption(formatOption())
    .addOption(outputOption())
    .action(async (id: string, _o, cmd: Command) => exit(await load.tasks().watchCommand(id, cmd.optsWithGlobals())));

  cli.command('cancel')
    .description('cancel a task')
    .argument('<id>', 'task id')
    .action(async (id: string, _o, cmd: Command) => exit(await load.tasks().cancelCommand(id, cmd.optsWithGlobals())));

  cli.command('login').description('sign in with your SSO (OIDC device grant)')
    .action(async (_o, cmd: Command) => exit(await load.login().loginCommand(cmd.optsWithGlobals())));
  cli.command('logout').description('forget the stored login')
    .action(async (_o, cmd: Command) => exit(await load.login().logoutCommand(cmd.optsWithGlobals())));
  cli.command('whoami').description('who you are signed in as, checked against the service')
    .action(async (_o, cmd: Command) => exit(await load.login().whoamiCommand(cmd.optsWithGlobals())));

  cli.addHelpText('after', `
Environment: RELIA_URL (the service), RELIA_TOKEN (a token; wins over \`relia login\`).
Exit codes: 0 ok, 2 findings failed (errors, or warnings with --strict) or the playbook failed its test,
3 the task failed or was canceled, 4 usage error, 5 not signed in or login expired, 6 token refused,
7 service unreachable, 130 detached (second Ctrl-C), 1 unexpected error.`);
  for (const sub of cli.commands) sub.exitOverride().showHelpAfterError();
  tasks.commands.forEach((c) => c.exitOverride());
  return cli;
}

const exit = (code: number): void => void (process.exitCode = code);

/** Every known failure is one line on stderr and its exit code; only a bug shows a stack. */
export async function main(argv: string[]): Promise<void> {
  // `relia … | head`: a reader that stops early is no error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  try {
    await program().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    } else if (error instanceof CliError) {
      process.stderr.write(`relia: ${error.message}\n`);
      process.exitCode = error.exitCode;
    } else {
      process.stderr.write(`relia: unexpected error: ${(error as Error).stack ?? error}\n`);
      process.exitCode = EXIT.internal;
    }
  }
}

if (require.main === module) void main(process.argv);
