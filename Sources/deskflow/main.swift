print("deskflow")
