"""Real inputs for the real-model benchmark, from Debian packages only.

- Photographs: the sample images of python3-skimage (installed, or taken
  from its .deb with `apt-get download`).
- Text: lines of the licences in /usr/share/common-licenses (base-files),
  rendered with the DejaVu fonts (fonts-dejavu-core) by PIL.
- Faces: skimage's astronaut portrait and its Labeled Faces in the Wild
  subset (lfw_subset.npy), placed on photographs.

Every set is seeded. Calibration and evaluation sets never share a sample:
they draw from disjoint halves of the photographs, of the text lines and of
the faces.
"""
import os
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFont, ImageOps

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models"))
from sweep import skimage_data  # noqa: E402

PHOTOS = ["astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg",
          "motorcycle_left.png", "hubble_deep_field.jpg", "retina.jpg", "ihc.png",
          "brick.png", "grass.png", "gravel.png", "motorcycle_right.png", "camera.png",
          "coins.png", "moon.png", "logo.png", "color.png", "page.png", "text.png"]
FONTS = "/usr/share/fonts/truetype/dejavu"
LICENCES = ["GPL-3", "Apache-2.0", "LGPL-2.1", "MPL-2.0", "GFDL-1.3", "Artistic"]


def photos(work, half):
    """The sample photographs of one half (0: calibration, 1: evaluation) as RGB images."""
    d = skimage_data(work)
    out = []
    for i, name in enumerate(PHOTOS):
        if i % 2 == half:
            out.append(Image.open(os.path.join(d, name)).convert("RGB"))
    return out


def text_lines(half):
    """Non-empty licence lines of one half, stripped, 8..60 characters."""
    lines = []
    for lic in LICENCES:
        path = os.path.join("/usr/share/common-licenses", lic)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8", errors="ignore") as f:
            for line in f:
                line = " ".join(line.split())
                if 8 <= len(line) <= 60 and line.isascii():
                    lines.append(line)
    return [l for i, l in enumerate(lines) if i % 2 == half]


def fonts():
    names = ["DejaVuSans.ttf", "DejaVuSerif.ttf", "DejaVuSansMono.ttf", "DejaVuSans-Bold.ttf",
             "DejaVuSerif-Bold.ttf", "DejaVuSansCondensed.ttf"]
    return [os.path.join(FONTS, n) for n in names if os.path.exists(os.path.join(FONTS, n))]


def random_crop(img, rng, w, h, min_frac=0.4):
    W, H = img.size
    side = rng.uniform(min_frac, 1.0)
    cw, ch = max(8, int(W * side)), max(8, int(H * side))
    if cw / ch > w / h:
        cw = int(ch * w / h)
    else:
        ch = int(cw * h / w)
    x, y = int(rng.integers(0, W - cw + 1)), int(rng.integers(0, H - ch + 1))
    return img.crop((x, y, x + cw, y + ch)).resize((w, h), Image.BILINEAR)


def render_line(text, font_path, size, rng, w, h, background=None):
    """One text line on a light background (or a photograph), fitted into w x h
    keeping its aspect (PaddleOCR's resize-then-pad); returns (image, text)."""
    font = ImageFont.truetype(font_path, size)
    box = font.getbbox(text)
    tw, th = box[2] - box[0] + 8, box[3] - box[1] + 8
    ink = tuple(int(v) for v in rng.integers(0, 90, 3))
    if background is None:
        bg = tuple(int(v) for v in rng.integers(170, 256, 3))
        canvas = Image.new("RGB", (tw, th), bg)
    else:
        canvas = random_crop(background, rng, tw, th).point(lambda v: 150 + v * 105 // 255)
    ImageDraw.Draw(canvas).text((4 - box[0], 4 - box[1]), text, font=font, fill=ink)
    scale = h / th
    nw = min(w, max(1, int(round(tw * scale))))
    line = canvas.resize((nw, h), Image.BILINEAR)
    out = Image.new("RGB", (w, h), (0, 0, 0))
    out.paste(line, (0, 0))
    return out, text


def paddle_rec_norm(img):
    """PaddleOCR rec/cls: (x / 255 - 0.5) / 0.5, NCHW."""
    a = np.asarray(img, np.float32) / 255.0
    return ((a - 0.5) / 0.5).transpose(2, 0, 1)


def paddle_det_norm(img):
    """PaddleOCR det: ImageNet mean/std, NCHW."""
    a = np.asarray(img, np.float32) / 255.0
    a = (a - np.array([0.485, 0.456, 0.406], np.float32)) / np.array([0.229, 0.224, 0.225],
                                                                        np.float32)
    return a.transpose(2, 0, 1)


def words_fitting(line, rng, max_chars):
    words = line.split()
    start = int(rng.integers(0, max(1, len(words))))
    out = ""
    for wd in words[start:] + words[:start]:
        if len(out) + len(wd) + 1 > max_chars:
            break
        out = (out + " " + wd).strip()
    return out or words[0][:max_chars]


def rendered_lines(work, half, count, seed, width, max_chars):
    """COUNT text lines rendered at WIDTH x 48 (every third on a photograph)
    with their texts."""
    rng = np.random.default_rng(seed)
    lines, fs, bgs = text_lines(half), fonts(), photos(work, half)
    out = []
    for i in range(count):
        text = words_fitting(lines[int(rng.integers(len(lines)))], rng, max_chars)
        bg = bgs[int(rng.integers(len(bgs)))] if i % 3 == 2 else None
        out.append(render_line(text, fs[i % len(fs)], int(rng.integers(26, 40)), rng, width, 48,
                               bg))
    return out


def rec_set(work, half, count, seed):
    """PP-OCR rec inputs (count x 3 x 48 x 320) and their texts."""
    lines = rendered_lines(work, half, count, seed, 320, 24)
    xs = [paddle_rec_norm(img) for img, _ in lines]
    return np.stack(xs).astype(np.float32), [text for _, text in lines]


def cls_set(work, half, count, seed):
    """PP-OCR direction classifier inputs (count x 3 x 48 x 192), every other
    one turned 180 degrees; labels 0 (upright) / 1 (turned)."""
    lines = rendered_lines(work, half, count, seed, 192, 16)
    labels = [i % 2 for i in range(count)]
    xs = [paddle_rec_norm(img.rotate(180) if turned else img)
          for (img, _), turned in zip(lines, labels)]
    return np.stack(xs).astype(np.float32), labels


def det_set(work, half, count, seed, size=320):
    """PP-OCR det inputs (count x 3 x size x size): photographs with 2..6 text
    lines drawn on them, and crops of skimage's scanned page and text."""
    rng = np.random.default_rng(seed)
    lines, fs, bgs = text_lines(half), fonts(), photos(work, half)
    xs = []
    for i in range(count):
        img = random_crop(bgs[int(rng.integers(len(bgs)))], rng, size, size)
        draw = ImageDraw.Draw(img)
        for _ in range(int(rng.integers(2, 7))):
            font = ImageFont.truetype(fs[int(rng.integers(len(fs)))], int(rng.integers(12, 34)))
            text = words_fitting(lines[int(rng.integers(len(lines)))], rng, 28)
            x, y = int(rng.integers(0, size // 3)), int(rng.integers(0, size - 36))
            dark = rng.uniform() < 0.5
            ink = tuple(int(v) for v in (rng.integers(0, 60, 3) if dark else
                                         rng.integers(200, 256, 3)))
            draw.text((x, y), text, font=font, fill=ink)
        xs.append(paddle_det_norm(img))
    return np.stack(xs).astype(np.float32)


def face_set(work, half, count, seed):
    """BlazeFace (front, 128 x 128 NHWC, [-1, 1]) inputs: the astronaut's
    portrait at several scales, and LFW faces placed on photographs; about a
    quarter hold no face."""
    rng = np.random.default_rng(seed)
    d = skimage_data(work)
    lfw = np.load(os.path.join(d, "lfw_subset.npy"))[:100]  # faces first
    faces = [f for i, f in enumerate(lfw) if i % 2 == half]
    bgs = photos(work, half)
    astronaut = Image.open(os.path.join(d, "astronaut.png")).convert("RGB")
    xs = []
    for i in range(count):
        kind = i % 4
        if kind == 0:
            # The astronaut's head is about (180..300, 40..200) of 512 x 512.
            side = int(rng.integers(200, 420))
            cx, cy = 240 + int(rng.integers(-30, 30)), 130 + int(rng.integers(-20, 20))
            x0 = int(np.clip(cx - side // 2, 0, 512 - side))
            y0 = int(np.clip(cy - side // 2, 0, 512 - side))
            img = astronaut.crop((x0, y0, x0 + side, y0 + side)).resize((128, 128), Image.BILINEAR)
        elif kind == 3:
            img = random_crop(bgs[int(rng.integers(len(bgs)))], rng, 128, 128)
        else:
            img = random_crop(bgs[int(rng.integers(len(bgs)))], rng, 128, 128)
            face = faces[int(rng.integers(len(faces)))]
            fimg = Image.fromarray((face * 255).astype(np.uint8)).convert("RGB")
            side = int(rng.integers(40, 96))
            fimg = ImageOps.autocontrast(fimg.resize((side, side), Image.BICUBIC))
            img.paste(fimg, (int(rng.integers(0, 128 - side + 1)),
                             int(rng.integers(0, 128 - side + 1))))
        xs.append(np.asarray(img, np.float32) / 127.5 - 1.0)
    return np.stack(xs).astype(np.float32)
