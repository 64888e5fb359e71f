import type { Picture } from '../content/nodes';
import { PICTURE_FORMATS, PICTURE_SIZES, pictureFile, pictureSrcset } from '../lib/picture-srcset';

interface StoryPictureProps {
  picture: Picture;
  /** The picture's alt text; empty for a decorative one, or one its caption describes. */
  alt: string;
  /** The story's lead picture: fetched at once, at high priority, before any script. */
  lead?: boolean;
  /** How wide it is shown (`sizes`); the story column's by default. */
  sizes?: string;
}

/**
 * A picture the build made, as plain HTML: every format at every width (`<source>` by type,
 * `srcset` by width), the intrinsic size as `width` and `height` so its box is reserved before
 * a byte arrives, and the placeholder behind it until it paints. No script is needed to see it.
 */
export function StoryPicture({
  picture,
  alt,
  lead = false,
  sizes = PICTURE_SIZES,
}: StoryPictureProps) {
  const base = import.meta.env.BASE_URL;
  const [jpeg] = PICTURE_FORMATS.slice(-1);
  const fallback = picture.widths[Math.min(1, picture.widths.length - 1)]!;
  return (
    <span className="story-picture">
      <img
        className="story-picture-placeholder"
        src={picture.placeholder}
        alt=""
        width={picture.width}
        height={picture.height}
      />
      <picture>
        {PICTURE_FORMATS.slice(0, -1).map((format) => (
          <source
            key={format.extension}
            type={format.type}
            srcSet={pictureSrcset(picture, format.extension, base)}
            sizes={sizes}
          />
        ))}
        <img
          src={`${base}${pictureFile(picture.id, fallback, jpeg!.extension)}`}
          srcSet={pictureSrcset(picture, jpeg!.extension, base)}
          sizes={sizes}
          width={picture.width}
          height={picture.height}
          alt={alt}
          {...(lead
            ? { fetchPriority: 'high' as const }
            : { loading: 'lazy' as const, decoding: 'async' as const })}
        />
      </picture>
    </span>
  );
}
