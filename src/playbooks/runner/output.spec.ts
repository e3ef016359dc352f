import { OutputTail, stripAnsi } from './output';

describe('OutputTail', () => {
  it('keeps everything under the limit, without ANSI codes', () => {
    const tail = new OutputTail(100);
    tail.push(Buffer.from('\u001b[0;32mok: [sandbox]\u001b[0m\n'));
    tail.push(Buffer.from('\u001b]8;;http://x\u0007link\u001b]8;;\u0007 done'));
    expect(tail.text()).toEqual({ text: 'ok: [sandbox]\nlink done', truncated: false });
  });

  it('keeps the tail of a long output and says it cut', () => {
    const tail = new OutputTail(10);
    for (const part of ['aaaa', 'bbbb', 'cccc', 'dddd']) tail.push(Buffer.from(part));
    expect(tail.text()).toEqual({ text: 'bbccccdddd', truncated: true });
  });

  it('never returns half a character where it cut', () => {
    const tail = new OutputTail(5);
    tail.push(Buffer.from('ééééé'));
    const { text, truncated } = tail.text();
    expect(truncated).toBe(true);
    expect(text).toBe('éé');
  });

  it('cuts the workspace path out', () => {
    const tail = new OutputTail();
    tail.push(Buffer.from('playbook: /tmp/relia-run-x/playbook.yml'));
    expect(tail.text('/tmp/relia-run-x').text).toBe('playbook: playbook.yml');
  });

  it('strips colour codes', () => {
    expect(stripAnsi('\u001b[1;31mfatal\u001b[0m')).toBe('fatal');
  });
});
