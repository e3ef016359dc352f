import { corpusProjectsDir, hasProjectCorpus, measureProjectAgreement } from '../../bench/project-lint-agreement';

const MIN_F1 = 0.95;

/** The project engine must agree with ansible-lint 6.13.1's whole-project runs on the project corpus. */
describe('project lint agreement with ansible-lint 6.13 (project corpus)', () => {
  if (!hasProjectCorpus()) {
    it('needs the project corpus', () => {
      if (process.env.CI === 'true') throw new Error(`project corpus missing at ${corpusProjectsDir()} (set RELIA_CORPUS_PROJECTS_DIR)`);
      console.warn(`SKIPPED: project corpus missing at ${corpusProjectsDir()}; set RELIA_CORPUS_PROJECTS_DIR to run this check`);
      expect(process.env.CI).not.toBe('true');
    });
    return;
  }

  const agreement = measureProjectAgreement();

  it(`keeps overall F1 at or above ${MIN_F1}`, () => {
    expect(agreement.overall.f1).toBeGreaterThanOrEqual(MIN_F1);
  });

  it('gives the pass/fail verdict of ansible-lint on every project', () => {
    const differing = agreement.projects.filter((p) => p.ansibleLint !== p.relia).map((p) => p.project);
    expect(differing).toEqual([]);
    expect(agreement.projects).toHaveLength(10);
  });
});
