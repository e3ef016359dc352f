import { parseSyntaxError } from './syntax';

describe('parseSyntaxError', () => {
  const ws = '/tmp/relia-run-abc';

  it("takes Ansible's message from ERROR! on, with the line and column it names", () => {
    const output = `[WARNING]: noise\nERROR! couldn't resolve module/action 'x.y'\n\nThe error appears to be in '${ws}/playbook.yml': line 6, column 7, but may\nbe elsewhere`;
    expect(parseSyntaxError(output, ws)).toEqual({
      message: "ERROR! couldn't resolve module/action 'x.y'\n\nThe error appears to be in 'playbook.yml': line 6, column 7, but may\nbe elsewhere",
      line: 6,
      column: 7,
    });
  });

  it('has no position when Ansible names none', () => {
    expect(parseSyntaxError('ERROR! Empty playbook, nothing to do', ws)).toEqual({ message: 'ERROR! Empty playbook, nothing to do' });
  });
});
