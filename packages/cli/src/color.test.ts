import { colorEnabled, errorLine, paint, statusWord } from './color';

const tty = { isTTY: true };
const pipe = { isTTY: false };
const ESC = '\u001b[';

describe('colour', () => {
  it('colours a terminal; a pipe or a file gets no escape codes', () => {
    expect(statusWord('ok', tty, {})).toBe(`${ESC}32mok${ESC}39m`);
    expect(statusWord('failed', tty, {})).toBe(`${ESC}31mfailed${ESC}39m`);
    expect(statusWord('skipped', tty, {})).toBe(`${ESC}33mskipped${ESC}39m`);
    expect(paint('bold', 'Usage:', tty, {})).toBe(`${ESC}1mUsage:${ESC}22m`);
    for (const s of ['ok', 'failed', 'skipped']) expect(statusWord(s, pipe, {})).toBe(s);
    expect(errorLine('unknown recipe', pipe, {})).toBe('zoo: unknown recipe');
    expect(errorLine('unknown recipe', tty, {})).toContain(ESC);
    expect(colorEnabled({}, {})).toBe(false);
  });

  it('NO_COLOR (non-empty) and FORCE_COLOR=0 turn colour off even on a terminal; FORCE_COLOR turns it on in a pipe', () => {
    expect(colorEnabled(tty, { NO_COLOR: '1' })).toBe(false);
    expect(statusWord('ok', tty, { NO_COLOR: '1' })).toBe('ok');
    expect(errorLine('x', tty, { NO_COLOR: 'yes' })).toBe('zoo: x');
    expect(colorEnabled(tty, { NO_COLOR: '' })).toBe(true);
    expect(colorEnabled(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorEnabled(tty, { TERM: 'dumb' })).toBe(false);
    expect(colorEnabled(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorEnabled(pipe, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
  });

  it('an unknown status word is left alone', () => {
    expect(statusWord('running', tty, {})).toBe('running');
  });
});
