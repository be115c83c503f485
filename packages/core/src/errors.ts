/** Errors a user can act on. The CLI prints `message` as one line and exits non-zero. */
export class ZooError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A config value failed validation; `path` is the dotted field path (`trainer.lr`). */
export class ConfigError extends ZooError {}

/** A recipe, model, dataset or trainer id that no installed plugin provides. */
export class UnknownIdError extends ZooError {}

/** A recipe belongs to a plugin package that is not installed. */
export class PluginNotInstalledError extends ZooError {
  constructor(
    readonly pluginName: string,
    readonly packageName: string,
    what: string,
  ) {
    super(`${what} needs plugin '${pluginName}', which is not installed: npm install ${packageName}`);
  }
}

/** The dataset's files are not where they are expected. `eval` reports this as `skipped`. */
export class DataMissingError extends ZooError {
  constructor(
    readonly expectedPath: string,
    readonly layout: string,
  ) {
    super(
      expectedPath.startsWith('<data-dir>')
        ? `data not embedded; pass --data-dir DIR with ${expectedPath.slice('<data-dir>/'.length)} inside (expected layout: ${layout})`
        : `data not found at ${expectedPath} (expected layout: ${layout})`,
    );
  }
}

/** The dataset's files exist but cannot be read. `where` names the file and, when known, the offset. */
export class DataCorruptError extends ZooError {
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly offset?: number,
  ) {
    super(`corrupt data in ${file}${offset !== undefined ? ` at byte ${offset}` : ''}: ${detail}`);
  }
}

/**
 * Training went non-finite (a NaN/Inf loss, validation metric or weight): the run fails rather than
 * report numbers computed on NaN. `at` is where (`epoch 3 of 20, step 2 of 5`), `what` what went
 * non-finite (`training loss is NaN`, `parameter 'w' holds NaN or ±Inf`), `checkpoint` the last good
 * one (`last good checkpoint: runs/x/last (epoch 2)`, or `no checkpoint (run without --out)`).
 */
export class DivergedError extends ZooError {
  constructor(
    readonly at: string,
    readonly what: string,
    readonly checkpoint: string,
  ) {
    super(`training diverged at ${at}: ${what}; ${checkpoint}; lower the learning rate (--set trainer.lr=...) or check the data`);
  }
}
