from reader.ui.keys.tables import main

if __name__ == "__main__":
    raise SystemExit(main())
