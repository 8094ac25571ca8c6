from reader.cli import main

if __name__ == "__main__":  # not when a worker process loads it
    raise SystemExit(main())
