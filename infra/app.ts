import { App } from 'aws-cdk-lib';
import { type InfraConfig, InfraConfigError, loadInfraConfig } from './config.js';
import { addKimRegistry } from './stacks/kim-registry.js';

const app = new App();

let config: InfraConfig;
try {
  config = loadInfraConfig(app.node);
} catch (error) {
  if (!(error instanceof InfraConfigError)) throw error;
  // One line that names the bad field; a stack trace would only bury it.
  console.error(error.message);
  process.exit(1);
}

addKimRegistry(app, config);
app.synth();
