# Magnitsky in a container: `magnitsky serve` and the whole CLI with nothing else installed.
#
#   docker build -t magnitsky .
#   docker run --rm magnitsky demo                                  # the bundled excerpts
#   docker run -d -p 8000:8000 -v magnitsky:/data magnitsky          # the HTTP API on port 8000
#   docker run --rm -v magnitsky:/data -v "$PWD/lists:/lists:ro" magnitsky load /lists/sdn.csv
#
# Two stages: PyICU has no wheel on PyPI, so the first stage compiles it (ICU headers, pkg-config,
# g++) and the second installs the wheels with only the ICU runtime library. The numba kernels are
# compiled while the image is built, so the first screening in a container starts at once.
# docs/container.md says more.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libicu-dev pkg-config g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip wheel --no-cache-dir --wheel-dir /wheels '.[postgres]'

FROM ${PYTHON_IMAGE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends libicu72 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 magnitsky \
 && mkdir -p /data /opt/numba-cache \
 && chown magnitsky:magnitsky /data /opt/numba-cache
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links /wheels 'magnitsky[postgres]' && rm -rf /wheels
# numba writes its cache where the process can write; this one is the image's, filled below.
ENV MAGNITSKY_HOME=/data \
    NUMBA_CACHE_DIR=/opt/numba-cache \
    PYTHONUNBUFFERED=1
USER magnitsky
# Compile the kernels now (the demo screens once), then drop the demo's data.
RUN magnitsky --home /tmp/warm demo > /dev/null && rm -rf /tmp/warm
VOLUME /data
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
ENTRYPOINT ["magnitsky"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
