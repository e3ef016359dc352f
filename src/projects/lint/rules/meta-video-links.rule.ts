import { ProjectRule } from '../project-rule';
import { galaxyInfoEntry } from './galaxy-info';

/** Shared links 6.13 recognises (pinned on fixtures: youtu.be anywhere, numeric Vimeo ids, Drive file views). */
const VIDEO_URLS = [/youtu\.be/, /vimeo\.com\/\d+/, /drive\.google\.com\/file\/d\/[^/]+\/view/];

/**
 * meta-video-links: each `video_links` entry is `{url, title}` with a recognised URL. All on line 1;
 * 6.13 collapses identical messages of a file into one.
 */
export const metaVideoLinksRule: ProjectRule = {
  id: 'meta-video-links',
  profile: 'shared',
  kinds: ['meta'],
  check: ({ source }) => {
    const links = galaxyInfoEntry(source)?.info.video_links;
    if (!Array.isArray(links)) return [];
    const messages = new Set(links.map(linkProblem).filter((m): m is string => m !== undefined));
    return [...messages].map((message) => ({ rule: 'meta-video-links', line: 1, message }));
  },
};

function linkProblem(link: unknown): string | undefined {
  if (typeof link !== 'object' || link === null || Array.isArray(link)) return "Expected item in 'video_links' to be a dictionary";
  const keys = Object.keys(link).sort().join(',');
  if (keys !== 'title,url') return "Expected item in 'video_links' to contain only keys 'url' and 'title'";
  const url = String((link as { url: unknown }).url);
  if (VIDEO_URLS.some((pattern) => pattern.test(url))) return undefined;
  return `URL format '${url}' is not recognized. Expected it be a shared link from Vimeo, YouTube, or Google Drive.`;
}
