import { PluginError } from './plugin-error.js';

/** One problem with one setting: the environment variable's name and what is wrong with it. */
export interface ConfigIssue {
  variable: string;
  message: string;
}

/** The environment does not describe a plugin that can start. Lists every problem at once. */
export class PluginConfigError extends PluginError {
  override name = 'PluginConfigError';
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(
      'ERR_PLUGIN_CONFIG',
      `The plugin's configuration is not valid:\n${issues.map((i) => `  - ${i.variable}: ${i.message}`).join('\n')}`,
    );
    this.issues = issues;
  }
}
