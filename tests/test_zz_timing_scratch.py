import time
def test_t(world, make_dossier, client):
    t=time.perf_counter()
    for s in ("draft","submitted","returned","accepted"):
        make_dossier(s)
    print("dossiers", time.perf_counter()-t)
    client.force_login(world.unit_a_user)
    t=time.perf_counter()
    for i in range(50):
        client.get("/tasks/")
    print("50 gets", time.perf_counter()-t)
