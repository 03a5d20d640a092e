"""Photo files made for upload tests (with a GPS position and an orientation in their EXIF)."""

import io

from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def photo_bytes(image_format="JPEG", size=(640, 480), gps=True, orientation=None) -> bytes:
    image = Image.new("RGB", size, (200, 40, 40))
    for x in range(0, size[0], 8):  # some detail, so the file is not trivially small
        image.putpixel((x, x % size[1]), (0, 0, 0))
    exif = Image.Exif()
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (55.0, 45.0, 21.0), 3: "E", 4: (37.0, 37.0, 4.0)}
    if orientation:
        exif[ORIENTATION] = orientation
    buffer = io.BytesIO()
    image.save(buffer, image_format, exif=exif)
    return buffer.getvalue()
