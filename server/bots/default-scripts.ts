import type { ScriptBody } from '../../contracts/scripts';

// What a new bot starts with, so it answers out of the box and its transfer script is one
// uncommented line away from automatic distribution.

export const TRANSFER_SCRIPT: ScriptBody = {
  code: 'transfer_to_operator',
  name: 'Transfer to operator',
  type: 'system',
  entries: [],
  commands: [
    {
      type: 'run_js',
      code: [
        '// Runs every time a lead of this bot is transferred to operators.',
        '// By default the dialog waits in "Waiting" until an operator takes it.',
        '// Uncomment the next line to switch on automatic distribution: the dialog goes to an',
        '// online operator, by load and per-operator limits (pass a department code to narrow it).',
        '// lead.assignDialogToNextOperator();  // uncomment to distribute dialogs automatically',
      ].join('\n'),
    },
  ],
};

export const START_SCRIPT: ScriptBody = {
  code: 'start',
  name: 'Start',
  type: 'standard',
  entries: [],
  commands: [{ type: 'send_text', text: 'Hello! How can I help?' }],
};
