app_name="branches"; urlpatterns=[]
