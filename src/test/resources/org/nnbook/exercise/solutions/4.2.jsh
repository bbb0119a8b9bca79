int gridLrs()          { return (int) grid.inOrder().stream().mapToDouble(e -> e.params().getDouble("lr")).distinct().count(); }
int randomLrs()        { return (int) random.inOrder().stream().mapToDouble(e -> e.params().getDouble("lr")).distinct().count(); }
int gridTrialsNeeded() { return randomLrs() * 3; }    // every one of those learning rates with each of the three widths
